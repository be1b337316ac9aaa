/**
 * Column widths the user drags (or sets from the keyboard on the column's separator), remembered in core's
 * preferences, so they follow the user across browsers and the desktop app.
 */
import { useRef, useState } from 'react';
import { useAppStore, useStores } from '../stores/context.tsx';

export const MIN_WIDTH = 48;
export const MAX_WIDTH = 800;
/** Arrow keys move a column edge by this many px (Shift: five times as far). */
const STEP = 10;
/** Width a column is taken to have when the page cannot measure it (no layout yet). */
const DEFAULT_WIDTH = 100;

const clamp = (w: number) => Math.round(Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, w)));

/** The remembered widths of one table, and the way to save one. */
export function useColumnWidths(table: string) {
  const stores = useStores();
  const widths = useAppStore((s) => s.settings?.preferences.columnWidths?.[table]);
  const save = (column: string, width: number) => {
    const all = stores.app.getState().settings?.preferences.columnWidths ?? {};
    void stores.app.getState().setPreferences({ columnWidths: { ...all, [table]: { ...all[table], [column]: clamp(width) } } });
  };
  return [widths ?? {}, save] as const;
}

/** The draggable edge at the right of a header cell; a focusable separator with its width as its value. */
export function ColumnResizer({ label, width, onResize }: { label: string; width: number | undefined; onResize: (width: number) => void }) {
  const ref = useRef<HTMLSpanElement>(null);
  const [drag, setDrag] = useState<{ x: number; from: number; now: number } | null>(null);
  const measured = () => {
    const th = ref.current?.closest('th');
    const w = th?.getBoundingClientRect().width ?? 0;
    return w > 0 ? w : DEFAULT_WIDTH;
  };
  const current = clamp(drag?.now ?? width ?? measured());
  const live = (w: number) => {
    // While dragging the cell follows the pointer; the preference is written once, on release.
    const th = ref.current?.closest('th');
    if (th) th.style.width = `${clamp(w)}px`;
  };
  return (
    <span
      ref={ref}
      role="separator"
      aria-orientation="vertical"
      aria-label={`Resize column ${label}`}
      aria-valuenow={current}
      aria-valuemin={MIN_WIDTH}
      aria-valuemax={MAX_WIDTH}
      tabIndex={0}
      className="col-resizer"
      onKeyDown={(e) => {
        const step = e.shiftKey ? STEP * 5 : STEP;
        if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
          e.preventDefault();
          onResize(clamp(current + (e.key === 'ArrowRight' ? step : -step)));
        }
      }}
      onPointerDown={(e) => {
        e.preventDefault();
        ref.current?.setPointerCapture?.(e.pointerId);
        const from = current;
        setDrag({ x: e.clientX, from, now: from });
      }}
      onPointerMove={(e) => {
        if (!drag) return;
        const now = clamp(drag.from + e.clientX - drag.x);
        live(now);
        setDrag({ ...drag, now });
      }}
      onPointerUp={(e) => {
        if (!drag) return;
        ref.current?.releasePointerCapture?.(e.pointerId);
        const now = clamp(drag.from + e.clientX - drag.x);
        setDrag(null);
        if (now !== drag.from) onResize(now);
      }}
      onClick={(e) => e.stopPropagation()}
    />
  );
}
