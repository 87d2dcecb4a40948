import type { Box } from '@sightline/vision';
import type { Velocity } from './tracker-state';

export function centreOf(box: Box): { x: number; y: number } {
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** The box moved by `frames` steps of constant velocity: where a moving face should be now. */
export function predictBox(box: Box, velocity: Velocity, frames: number): Box {
  return { ...box, x: box.x + velocity.dx * frames, y: box.y + velocity.dy * frames };
}
