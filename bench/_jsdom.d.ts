// The few jsdom APIs the extraction benchmark uses (jsdom is a devDependency without bundled types;
// this avoids adding @types/jsdom for one benchmark).
declare module 'jsdom' {
  export class VirtualConsole {}
  export class JSDOM {
    constructor(html: string, options?: { url?: string; virtualConsole?: VirtualConsole });
    readonly window: Window & typeof globalThis;
    static fragment(html: string): DocumentFragment;
  }
}
