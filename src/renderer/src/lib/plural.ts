/** "1 image", "3 images", "12,400 files": a count with its noun, readable at any size. */
export function plural(count: number, word: string, many = `${word}s`): string {
  return `${count.toLocaleString('en')} ${count === 1 ? word : many}`;
}
