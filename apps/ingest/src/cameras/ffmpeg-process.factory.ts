import { Injectable } from '@nestjs/common';
import { spawn } from 'node:child_process';
import type { Readable } from 'node:stream';

/** How a source process ended: an exit code, a signal, or a failure to start at all. */
export interface SourceExit {
  readonly code: number | null;
  readonly signal: string | null;
  /** Set when the process could not be started (ffmpeg missing, not executable). */
  readonly spawnError?: string;
}

/** A running source process as the camera source sees it. */
export interface SourceProcess {
  readonly stdout: Readable;
  readonly stderr: Readable;
  readonly exited: Promise<SourceExit>;
  kill(): void;
}

/** Starts ffmpeg; the only place ingest creates a child process, so unit tests replace it. */
@Injectable()
export class FfmpegProcessFactory {
  spawn(args: readonly string[]): SourceProcess {
    const child = spawn('ffmpeg', [...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<SourceExit>((resolve) => {
      child.once('error', (error) =>
        resolve({ code: null, signal: null, spawnError: error.message }),
      );
      child.once('close', (code, signal) => resolve({ code, signal }));
    });
    return {
      stdout: child.stdout,
      stderr: child.stderr,
      exited,
      kill: () => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      },
    };
  }
}
