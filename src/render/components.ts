import { LIMITS, type ActionRowData, type ButtonData } from './limits.ts';

/**
 * The message components the renderers build (Discord API shapes), made in one place so
 * that no renderer writes raw component type numbers.
 */

/** Discord's button styles: primary (the one action to take), secondary (the others). */
export type ButtonStyle = 'primary' | 'secondary';
const STYLES: Record<ButtonStyle, number> = { primary: 1, secondary: 2 };

/** A button that sends `customId` back when pressed. */
export function button(label: string, customId: string, options: { style?: ButtonStyle; disabled?: boolean } = {}): ButtonData {
  return {
    type: 2,
    style: STYLES[options.style ?? 'secondary'],
    label,
    custom_id: customId,
    ...(options.disabled === undefined ? {} : { disabled: options.disabled }),
  };
}

/** One row of buttons (at most the row's limit); none for no buttons. */
export function buttonRow(buttons: readonly ButtonData[]): ActionRowData[] {
  return buttons.length ? [{ type: 1, components: buttons.slice(0, LIMITS.component.buttonsPerRow) }] : [];
}
