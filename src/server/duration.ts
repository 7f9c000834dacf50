import { TokenSigningError } from '../errors/TokenSigningError';
import type { ExpiresIn } from './types';

const SECONDS_PER_UNIT: Record<string, number> = {
  s: 1,
  m: 60,
  h: 3600,
  d: 86_400,
  w: 604_800,
};

// Long names map onto the one-letter units; "min"/"mins" must not be mistaken for months,
// which are deliberately absent (their length in seconds is not fixed).
const UNIT_ALIASES: Record<string, string> = {
  s: 's',
  sec: 's',
  secs: 's',
  second: 's',
  seconds: 's',
  m: 'm',
  min: 'm',
  mins: 'm',
  minute: 'm',
  minutes: 'm',
  h: 'h',
  hr: 'h',
  hrs: 'h',
  hour: 'h',
  hours: 'h',
  d: 'd',
  day: 'd',
  days: 'd',
  w: 'w',
  wk: 'w',
  wks: 'w',
  week: 'w',
  weeks: 'w',
};

const DURATION = /^(\d+)\s*([a-z]*)$/i;

/**
 * Turns an `expiresIn` value into whole seconds, or throws `EXPIRY_INVALID`. Zero is refused:
 * a token that expires the moment it is issued is always a mistake, and a token that never
 * expires is not something this package signs.
 */
export function parseExpiresIn(value: ExpiresIn, option = 'expiresIn'): number {
  let seconds: number | undefined;
  if (typeof value === 'number') {
    if (Number.isSafeInteger(value)) seconds = value;
  } else if (typeof value === 'string') {
    const match = DURATION.exec(value.trim());
    const unit = match && UNIT_ALIASES[(match[2] || 's').toLowerCase()];
    if (match && unit) seconds = Number(match[1]) * SECONDS_PER_UNIT[unit];
  }
  if (seconds === undefined || !Number.isSafeInteger(seconds) || seconds <= 0) {
    throw new TokenSigningError(
      'EXPIRY_INVALID',
      `${option} must be a positive whole number of seconds or a duration such as '30s', '15m', '2h', '30d' or '1w'; got ${describe(value)}`,
    );
  }
  return seconds;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'number') return String(value);
  return value === null ? 'null' : typeof value;
}
