/**
 * Who a key press belongs to. Page navigation (Backspace, Escape) is the last in line: a text field, a
 * popover, a menu, a list box or a widget that handles its own keys (the treemap) gets them first.
 */
export function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
}

/** Marks an element whose keys are its own (`data-own-keys=""`): navigation keys never fire while the focus is inside it. */
const ownKeysAttribute = 'data-own-keys';

const keyOwners = `dialog, [role="dialog"], [role="menu"], [role="listbox"], [role="combobox"], [${ownKeysAttribute}]`;

export function ownsKeys(target: EventTarget | null): boolean {
  return isTyping(target) || (target instanceof Element && target.closest(keyOwners) !== null);
}

export function hasModifier(event: KeyboardEvent | { altKey: boolean; ctrlKey: boolean; metaKey: boolean }): boolean {
  return event.altKey || event.ctrlKey || event.metaKey;
}
