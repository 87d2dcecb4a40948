/** How close in time two tracks of one subject on one camera must be to make one alert. */
export interface AlertMergeWindow {
  readonly seconds: number;
}

export const ALERT_MERGE_WINDOW = Symbol('ALERT_MERGE_WINDOW');
