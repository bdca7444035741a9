// Bump allocator over the imported memory. The heap starts at __heap_base (lazily, so that no start
// function is needed) unless opa_heap_ptr_set moved it first. Nothing is freed individually: the
// host resets the heap pointer between evaluations.

import { opa_abort } from './env';

let heapPtr: i32 = 0;
// Cached end of linear memory (memory never shrinks, so a stale value is only too small).
let memLimit: i32 = 0;

@inline function heapStart(): i32 {
  return (<i32>__heap_base + 7) & ~7;
}

/** Current heap top (initialising it on first use). */
export function heapTop(): i32 {
  let p = heapPtr;
  if (p == 0) {
    p = heapStart();
    heapPtr = p;
  }
  return p;
}

/** Makes sure linear memory extends to at least `end` bytes (unsigned). */
export function ensureMemory(end: i32): void {
  let have = <u32>memory.size() << 16;
  if (<u32>end > have) {
    let need = ((<u32>end - have) + 0xffff) >>> 16;
    if (memory.grow(<i32>need) < 0) outOfMemory();
  }
}

// Static message; written without allocating (we may be out of memory).
const OOM_MSG = memory.data<u8>([
  0x6f, 0x75, 0x74, 0x20, 0x6f, 0x66, 0x20, 0x6d, 0x65, 0x6d, 0x6f, 0x72, 0x79, 0, // "out of memory"
]);

export function outOfMemory(): void {
  opa_abort(<i32>OOM_MSG);
  unreachable();
}

/** Allocates `size` bytes, 8-byte aligned. Never returns 0. */
@inline export function malloc(size: i32): i32 {
  let p = heapPtr;
  let end = (p + size + 7) & ~7;
  if (<u32>end > <u32>memLimit || <u32>end < <u32>p) return mallocSlow(size);
  heapPtr = end;
  return p;
}

function mallocSlow(size: i32): i32 {
  let p = heapPtr;
  if (p == 0) p = heapStart();
  if (size < 0) outOfMemory();
  let end = (p + size + 7) & ~7;
  if (<u32>end < <u32>p) outOfMemory();
  if (<u32>end > (<u32>memory.size() << 16)) ensureMemory(end);
  memLimit = <i32>(<u32>memory.size() << 16);
  heapPtr = end;
  return p;
}

/** Copies n bytes (small copies inline; memory.copy is a runtime call in some engines). */
@inline export function copyBytes(dst: i32, src: i32, n: i32): void {
  if (n <= 32) {
    let i = 0;
    while (i + 8 <= n) {
      store<u64>(dst + i, load<u64>(src + i));
      i += 8;
    }
    while (i < n) {
      store<u8>(dst + i, load<u8>(src + i));
      i++;
    }
  } else {
    memory.copy(dst, src, n);
  }
}

/**
 * Grows the block at p (oldSize bytes) to newSize bytes. Extends in place when the block is the
 * last allocation; otherwise copies.
 */
export function realloc(p: i32, oldSize: i32, newSize: i32): i32 {
  if (p != 0 && ((p + oldSize + 7) & ~7) == heapPtr) {
    let end = (p + newSize + 7) & ~7;
    if (<u32>end > (<u32>memory.size() << 16)) ensureMemory(end);
    memLimit = <i32>(<u32>memory.size() << 16);
    heapPtr = end;
    return p;
  }
  let q = malloc(newSize);
  if (oldSize > 0) memory.copy(q, p, oldSize);
  return q;
}

/** Gives back the unused tail of block p (oldSize bytes) if it is the last allocation. */
export function shrinkLast(p: i32, oldSize: i32, newSize: i32): void {
  if (((p + oldSize + 7) & ~7) == heapPtr) heapPtr = (p + newSize + 7) & ~7;
}

export function opa_malloc(size: i32): i32 {
  return mallocSlow(size);
}

export function opa_free(addr: i32): void {}

export function opa_heap_ptr_get(): i32 {
  return heapTop();
}

/** Sets the heap pointer (rounded up to 8: the SDK passes input end addresses). */
export function opa_heap_ptr_set(addr: i32): void {
  heapPtr = addr == 0 ? heapStart() : (addr + 7) & ~7;
}
