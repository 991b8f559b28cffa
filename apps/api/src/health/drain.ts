import { Injectable } from '@nestjs/common';

/** Whether the process has been asked to stop and is taking itself out of rotation. */
@Injectable()
export class Drain {
  private started = false;

  begin(): void {
    this.started = true;
  }

  get draining(): boolean {
    return this.started;
  }
}
