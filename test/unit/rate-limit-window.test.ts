import { expect } from 'chai';
import { secondsUntilRoom } from '../../src/http/rate-limit.js';

describe('rate limit: the sliding window estimate', () => {
  it('has room at once while the estimate is under the quota', () => {
    expect(secondsUntilRoom(60, 10, 0, 0.5)).to.equal(0);
    expect(secondsUntilRoom(60, 0, 100, 0.5)).to.equal(0); // 100 × 0.5 = 50 still counted: 10 left
  });

  it('waits for last minute to slide out when this minute still has room', () => {
    // 60 last minute, none yet this minute, 10% in: 54 still counted; one more needs 59 or fewer, i.e. 1/60 of it gone.
    expect(secondsUntilRoom(60, 0, 60, 0)).to.be.closeTo(1, 1e-9);
    expect(secondsUntilRoom(60, 30, 60, 0.5)).to.be.closeTo(60 * (1 - 29 / 60) - 30, 1e-9);
  });

  it('waits into the next minute when this minute alone is full', () => {
    // 60 this minute at 25%: the next minute starts at 60 × 1 counted; 1/60 of it must slide out.
    expect(secondsUntilRoom(60, 60, 0, 0.25)).to.be.closeTo(45 + 1, 1e-9);
    expect(secondsUntilRoom(1, 1, 0, 0.5)).to.be.closeTo(30 + 60, 1e-9);
  });

  it('never asks a client to wait longer than two windows', () => {
    for (const q of [1, 2, 10, 60, 1000]) for (const f of [0, 0.3, 0.99]) for (const c of [q, q + 5]) expect(secondsUntilRoom(q, c, c, f)).to.be.within(0, 120);
  });
});
