/**
 * The data of a Dockerfile optimization: what LayerLens found, what it proposes and why. The types live in
 * the contract (`shared/rebuild.ts`) so the UI can use them; core modules keep importing them from here.
 */
export type * from '../../shared/rebuild';
