import { ServiceMetrics } from './service-metrics';

describe('ServiceMetrics', () => {
  it('exports default process metrics and the handler metrics with the service label', async () => {
    const metrics = new ServiceMetrics('match');
    metrics.handledMessages.inc({
      topic: 'faces.embedded.v1',
      event_type: 'x',
      outcome: 'success',
    });
    metrics.handlerDuration.observe(
      { topic: 'faces.embedded.v1', event_type: 'x', outcome: 'success' },
      0.01,
    );
    const text = await metrics.registry.metrics();
    expect(text).toContain('sightline_process_resident_memory_bytes');
    expect(text).toMatch(/sightline_handler_messages_total\{.*service="match".*\} 1/);
    expect(text).toContain('sightline_handler_duration_seconds_bucket');
  });

  it('keeps registries of two services apart', async () => {
    const a = new ServiceMetrics('a');
    const b = new ServiceMetrics('b');
    a.deadLetters.inc({ topic: 't', code: 'INVALID_PAYLOAD' });
    expect(await b.registry.metrics()).not.toMatch(/sightline_dead_letters_total\{/);
  });
});
