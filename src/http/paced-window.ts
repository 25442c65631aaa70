/** A budget counted in short windows: `points` calls per window of `seconds`. */
export interface PacedWindow {
  points: number;
  seconds: number;
}

/**
 * The short windows that keep calls within `requests` per `windowSeconds` as the marketplace counts them, wherever
 * its own window starts. Counting the whole budget in one window of ours lets it all go in a burst at the start of
 * each: when our window and the marketplace's do not start together (they never quite do), the burst that opens
 * our next window lands in the end of its current one, and it answers 429. So the budget is counted in windows of
 * `s` seconds (the shortest that divides `windowSeconds` and still allows a call) of
 * `floor(requests × s / (windowSeconds + s))` calls: any span of `windowSeconds` meets at most
 * `windowSeconds / s + 1` of them, so never more than `requests` calls. noon's 1,500 a minute becomes 24 a second:
 * 1,440 a minute, 96 % of the budget, at an even pace.
 */
export function pacedWindow(requests: number, windowSeconds: number): PacedWindow {
  for (let seconds = 1; seconds <= windowSeconds; seconds++) {
    if (windowSeconds % seconds !== 0) continue;
    const points = Math.floor((requests * seconds) / (windowSeconds + seconds));
    if (points >= 1) return { points, seconds };
  }
  // One call a window: each call opens a window of ours (rate-limiter-flexible's windows start with their first call),
  // so one a window and a second keeps calls more than a window apart.
  return { points: 1, seconds: windowSeconds + 1 };
}
