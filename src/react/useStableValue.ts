import { useRef } from 'react';
import { deepEqual } from './deepEqual';

/**
 * `value`, or the earlier value it is deep-equal to, so that a query written as an inline literal
 * (a new object on every render) keeps one identity while its content stays the same.
 *
 * The ref is written during render: a render React discards can only leave a value deep-equal to,
 * or newer than, a committed one, and the next render compares against it all the same.
 */
export function useStableValue<T>(value: T): T {
  const ref = useRef(value);
  if (!deepEqual(ref.current, value)) ref.current = value;
  return ref.current;
}
