import { ServiceMetrics } from '@sightline/observability';
import { ReadinessService } from '@sightline/service-kit';
import { CameraHealthReadiness } from './camera-health.readiness';
import { CameraStatusBoard } from './camera-status.board';

function setup() {
  const board = new CameraStatusBoard();
  const readiness = new ReadinessService(new ServiceMetrics('ingest-test'));
  new CameraHealthReadiness(readiness, board).onModuleInit();
  return { board, readiness };
}

describe('CameraHealthReadiness', () => {
  it('shows every camera’s health in /readyz and stays ready while one camera is broken', async () => {
    const { board, readiness } = setup();
    board.setState('cam-b', 'running', '');
    board.countPublished('cam-b', new Date('2026-11-27T00:30:01.250Z'));
    board.setState('cam-a', 'reconnecting', 'rtsp://cam-a: Connection refused');
    board.setConsecutiveFailures('cam-a', 3);

    const result = await readiness.evaluate();

    expect(result.ready).toBe(true);
    expect(result.checks).toEqual([
      {
        name: 'cameras',
        ok: true,
        detail:
          'cam-a: reconnecting, 3 consecutive failures, no frame yet, ' +
          'last error: rtsp://cam-a: Connection refused; ' +
          'cam-b: running, 0 consecutive failures, last frame at 2026-11-27T00:30:01.250Z',
      },
    ]);
  });

  it('shows a recovered camera with its failures reset and its last frame', async () => {
    const { board, readiness } = setup();
    board.setState('cam-a', 'failed', 'No such file or directory');
    board.setConsecutiveFailures('cam-a', 5);
    board.setState('cam-a', 'running', '');
    board.setConsecutiveFailures('cam-a', 0);
    board.countPublished('cam-a', new Date('2026-11-27T01:00:00.000Z'));

    const [check] = (await readiness.evaluate()).checks;

    expect(check.detail).toBe(
      'cam-a: running, 0 consecutive failures, last frame at 2026-11-27T01:00:00.000Z',
    );
  });

  it('says so when the replica has no cameras', async () => {
    const { readiness } = setup();
    expect((await readiness.evaluate()).checks).toEqual([
      { name: 'cameras', ok: true, detail: 'no cameras' },
    ]);
  });
});
