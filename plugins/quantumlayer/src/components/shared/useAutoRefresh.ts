import { useEffect, useRef } from 'react';

/** Calls `refresh` every `intervalMs` while `enabled`; stops on unmount. */
export function useAutoRefresh(
  refresh: () => void,
  intervalMs: number,
  enabled = true,
) {
  const latest = useRef(refresh);
  latest.current = refresh;
  useEffect(() => {
    if (!enabled || intervalMs <= 0) return undefined;
    const timer = setInterval(() => latest.current(), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs, enabled]);
}
