/** The native folder picker the core asks for (`chooseFolder`): core has no dialogs, main lends it this one. */
import { BrowserWindow, dialog, type OpenDialogOptions } from 'electron';
import type { ChooseFolderOptions } from '../shared/rebuild';

export async function chooseFolderWithDialog(options: ChooseFolderOptions): Promise<string | null> {
  const dialogOptions: OpenDialogOptions = {
    title: options.title ?? 'Choose a folder',
    properties: ['openDirectory', 'dontAddToRecent'],
    ...(options.defaultPath ? { defaultPath: options.defaultPath } : {}),
  };
  const parent = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
  const result = parent ? await dialog.showOpenDialog(parent, dialogOptions) : await dialog.showOpenDialog(dialogOptions);
  return result.canceled ? null : (result.filePaths[0] ?? null);
}
