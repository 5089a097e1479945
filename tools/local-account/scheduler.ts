/**
 * NetSuite's script scheduler, for the local account: the refresher deployment runs on its SDF
 * schedule (daily from 00:00 UTC, repeating every 15 minutes: at :00, :15, :30 and :45 of the
 * account clock), and tasks queued with N/task (the proxy asks for a refresh when it has no token to
 * hand out) run shortly after they are submitted. A missed slot (the clock was moved forward, or the
 * machine slept) runs once, not once per missed slot, as NetSuite does.
 */
export const REFRESH_INTERVAL_MS = 15 * 60_000;

/** The next quarter hour strictly after `nowMs`. */
export function nextSlot(nowMs: number): number {
  return Math.floor(nowMs / REFRESH_INTERVAL_MS) * REFRESH_INTERVAL_MS + REFRESH_INTERVAL_MS;
}

export interface SchedulerHooks {
  now(): number;
  /** Runs the scheduled deployment (the refresher). */
  runScheduled(): void;
  /** Number of tasks waiting in the queue. */
  pendingTasks(): number;
  /** Runs the queued tasks. */
  runQueued(): void;
  onError(what: string, error: unknown): void;
}

export class Scheduler {
  private timer: NodeJS.Timeout | undefined;
  private next: number;
  private busy = false;

  constructor(
    private readonly hooks: SchedulerHooks,
    private readonly tickMs = 200,
  ) {
    this.next = nextSlot(hooks.now());
  }

  /** Account time of the next scheduled run. */
  get nextRunAt(): number {
    return this.next;
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.tick(), this.tickMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Checks the schedule and the queue now (also called right after a Suitelet answered). */
  tick(): void {
    if (this.busy) return;
    this.busy = true;
    try {
      const now = this.hooks.now();
      // The clock was set back: the next slot is the next quarter hour from here.
      if (this.next - now > REFRESH_INTERVAL_MS) this.next = nextSlot(now);
      if (now >= this.next) {
        this.next = nextSlot(now);
        try {
          this.hooks.runScheduled();
        } catch (e) {
          this.hooks.onError('scheduled refresher run', e);
        }
      }
      if (this.hooks.pendingTasks() > 0) {
        try {
          this.hooks.runQueued();
        } catch (e) {
          this.hooks.onError('queued task', e);
        }
      }
    } finally {
      this.busy = false;
    }
  }
}
