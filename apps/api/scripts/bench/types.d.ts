// Modules the bench scripts use that ship no type declarations (checked with // @ts-check).
declare module 'autocannon';
