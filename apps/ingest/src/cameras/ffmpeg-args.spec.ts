import { buildFfmpegArgs } from './ffmpeg-args';

const base = { samplingFps: 5, loop: false, realtime: true };

describe('buildFfmpegArgs', () => {
  it('reads a file at native rate, looping when asked, and writes MJPEG at the sampling fps', () => {
    const args = buildFfmpegArgs({ ...base, sourceUri: 'file:///data/my%20clip.mp4', loop: true });
    expect(args.join(' ')).toBe(
      '-hide_banner -nostdin -loglevel error -re -stream_loop -1 -i /data/my clip.mp4 -an ' +
        '-vf fps=5,format=yuvj420p -f image2pipe -c:v mjpeg -q:v 3 pipe:1',
    );
  });

  it('reads a file as fast as possible when not realtime', () => {
    const args = buildFfmpegArgs({ ...base, sourceUri: 'file:///a.mp4', realtime: false });
    expect(args).not.toContain('-re');
    expect(args).not.toContain('-stream_loop');
  });

  it('uses TCP and a socket timeout for RTSP, and a read timeout for HTTP', () => {
    const rtsp = buildFfmpegArgs({ ...base, sourceUri: 'rtsp://cam/stream', samplingFps: 0.5 });
    expect(rtsp.slice(4, 10)).toEqual([
      '-rtsp_transport',
      'tcp',
      '-timeout',
      '5000000',
      '-i',
      'rtsp://cam/stream',
    ]);
    expect(rtsp).toContain('fps=0.5,format=yuvj420p');
    expect(rtsp).not.toContain('-re');
    const http = buildFfmpegArgs({ ...base, sourceUri: 'http://cam/video.mjpg' });
    expect(http.slice(4, 8)).toEqual(['-rw_timeout', '5000000', '-i', 'http://cam/video.mjpg']);
  });

  it('refuses a camera without a source', () => {
    expect(() => buildFfmpegArgs({ ...base, sourceUri: undefined })).toThrow('no ffmpeg source');
  });
});
