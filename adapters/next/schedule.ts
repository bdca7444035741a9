// Running work after the response. Edge-safe (`after` from next/server works in both runtimes).
import { after } from 'next/server.js';
import { laterSchedule, type Schedule } from './shared.js';

/** `after()` when Next gives the caller a request scope, else the next macrotask. */
export const afterResponse: Schedule = (fn) => {
  try {
    after(async () => {
      try {
        await fn();
      } catch {
        // never surfaces
      }
    });
  } catch {
    laterSchedule(fn);
  }
};
