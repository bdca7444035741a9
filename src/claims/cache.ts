// A bounded LRU keyed by the exact token string. Holds only successful verifications.
// Edge-safe: a Map and a doubly linked list, no dependency, no timers.
//
// Recency lives in the list, not in the Map's insertion order: a hit moves its node to the
// tail without touching the Map. (Re-inserting the key on every hit — delete + set — makes V8
// rehash a full Map every few operations: about 1.4 µs per hit at 1000 entries, against tens of
// nanoseconds for the list move.)

interface Node<K, V> {
  key: K;
  value: V;
  prev: Node<K, V> | undefined;
  next: Node<K, V> | undefined;
}

export class LruCache<K, V> {
  private readonly map = new Map<K, Node<K, V>>();
  /** Least recently used. */
  private head: Node<K, V> | undefined;
  /** Most recently used. */
  private tail: Node<K, V> | undefined;
  readonly capacity: number;

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 0) throw new TypeError('cache size must be a non-negative integer');
    this.capacity = capacity;
  }

  get size(): number {
    return this.map.size;
  }

  private unlink(node: Node<K, V>): void {
    if (node.prev) node.prev.next = node.next;
    else this.head = node.next;
    if (node.next) node.next.prev = node.prev;
    else this.tail = node.prev;
    node.prev = node.next = undefined;
  }

  private append(node: Node<K, V>): void {
    node.prev = this.tail;
    node.next = undefined;
    if (this.tail) this.tail.next = node;
    else this.head = node;
    this.tail = node;
  }

  /** Returns the value and marks it most recently used. */
  get(key: K): V | undefined {
    const node = this.map.get(key);
    if (node === undefined) return undefined;
    if (node !== this.tail) {
      this.unlink(node);
      this.append(node);
    }
    return node.value;
  }

  set(key: K, value: V): void {
    if (this.capacity === 0) return;
    const known = this.map.get(key);
    if (known !== undefined) {
      known.value = value;
      if (known !== this.tail) {
        this.unlink(known);
        this.append(known);
      }
      return;
    }
    const node: Node<K, V> = { key, value, prev: undefined, next: undefined };
    this.map.set(key, node);
    this.append(node);
    if (this.map.size > this.capacity) {
      const oldest = this.head as Node<K, V>;
      this.unlink(oldest);
      this.map.delete(oldest.key);
    }
  }

  delete(key: K): boolean {
    const node = this.map.get(key);
    if (node === undefined) return false;
    this.unlink(node);
    return this.map.delete(key);
  }

  clear(): void {
    this.map.clear();
    this.head = this.tail = undefined;
  }
}
