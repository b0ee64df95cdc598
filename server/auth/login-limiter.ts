import { RateLimiterMemory, type RateLimiterRes } from 'rate-limiter-flexible';

/** Thrown when an account or an address has failed to sign in too often. */
export class LoginThrottled extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super('too many sign-in attempts');
  }
}

const window = 15 * 60;

/**
 * Slows down password guessing: at most 5 failed sign-ins per account and 30 per client address in
 * 15 minutes. A success clears the account's count. Counts are per instance.
 */
export class LoginLimiter {
  private readonly perAccount = new RateLimiterMemory({ points: 5, duration: window });
  private readonly perAddress = new RateLimiterMemory({ points: 30, duration: window });

  /** Throws LoginThrottled when either budget is spent. */
  async check(account: string, address: string): Promise<void> {
    const [byAccount, byAddress] = await Promise.all([this.perAccount.get(account), this.perAddress.get(address)]);
    const spent = [byAccount, byAddress].filter((state): state is RateLimiterRes => state !== null && state.remainingPoints <= 0);
    if (spent.length > 0) {
      throw new LoginThrottled(Math.max(1, Math.ceil(Math.max(...spent.map((state) => state.msBeforeNext)) / 1000)));
    }
  }

  async fail(account: string, address: string): Promise<void> {
    await Promise.allSettled([this.perAccount.penalty(account, 1), this.perAddress.penalty(address, 1)]);
  }

  async succeed(account: string): Promise<void> {
    await this.perAccount.delete(account);
  }
}
