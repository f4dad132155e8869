/** Where a key appears twice: the path of the object holding it, and the key. */
export type DuplicateKey = { path: Array<string | number>; key: string };

type Frame = { kind: 'object'; keys: Set<string>; expectKey: boolean; key: string } | { kind: 'array'; index: number };

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * The first key that appears twice in one object of a JSON text, at any depth, or undefined. JSON.parse keeps the
 * last of two equal keys silently, so `{"itemId":1,"itemId":2}` would book item 2; we refuse it instead.
 * The text must be JSON that JSON.parse accepted: the scan only tells keys from values, it does not validate.
 * Keys are compared as decoded strings, so `"a"` and `"\u0061"` are the same key.
 */
export function findDuplicateKey(text: string): DuplicateKey | undefined {
  const stack: Frame[] = [];
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const start = i;
      let escaped = false;
      for (i += 1; text.charCodeAt(i) !== QUOTE; i += 1) {
        // A backslash escapes the next character, which may be a quote or another backslash.
        if (text.charCodeAt(i) === BACKSLASH) {
          escaped = true;
          i += 1;
        }
      }
      const top = stack[stack.length - 1];
      if (top?.kind === 'object' && top.expectKey) {
        const key = escaped ? (JSON.parse(text.slice(start, i + 1)) as string) : text.slice(start + 1, i);
        if (top.keys.has(key)) return { path: pathTo(stack), key };
        top.keys.add(key);
        top.key = key;
        top.expectKey = false;
      }
      continue;
    }
    switch (text[i]) {
      case '{':
        stack.push({ kind: 'object', keys: new Set(), expectKey: true, key: '' });
        break;
      case '[':
        stack.push({ kind: 'array', index: 0 });
        break;
      case '}':
      case ']':
        stack.pop();
        break;
      case ',': {
        const top = stack[stack.length - 1];
        if (top?.kind === 'object') top.expectKey = true;
        else if (top?.kind === 'array') top.index += 1;
        break;
      }
      default:
        break;
    }
  }
  return undefined;
}

/** The path of the innermost frame (the object with the repeated key): each enclosing frame's current key or index. */
function pathTo(stack: readonly Frame[]): Array<string | number> {
  return stack.slice(0, -1).map((f) => (f.kind === 'object' ? f.key : f.index));
}
