import { IDLE_CHECKS_BEFORE_TRIM, IdleMemory } from './idle-memory';

describe('IdleMemory', () => {
  it('collects twice after the loop has been quiet for a while, and again only after being busy in between', () => {
    const idle = new IdleMemory();
    idle.onApplicationBootstrap();
    try {
      idle.sample(0.5); // busy: a trim becomes due after the next quiet stretch
      for (let i = 0; i < IDLE_CHECKS_BEFORE_TRIM - 1; i += 1) idle.sample(0.001);
      expect(idle.trims).toBe(0);
      idle.sample(0.001);
      expect(idle.trims).toBe(1);
      for (let i = 0; i < IDLE_CHECKS_BEFORE_TRIM; i += 1) idle.sample(0);
      expect(idle.trims).toBe(2);
      for (let i = 0; i < 10 * IDLE_CHECKS_BEFORE_TRIM; i += 1) idle.sample(0);
      expect(idle.trims).toBe(2);
      idle.sample(0.3);
      for (let i = 0; i < IDLE_CHECKS_BEFORE_TRIM; i += 1) idle.sample(0.01);
      expect(idle.trims).toBe(3);
    } finally {
      idle.onModuleDestroy();
    }
  });

  it('gives back the heap a busy period left: the heap shrinks to what is live', () => {
    const idle = new IdleMemory();
    idle.onApplicationBootstrap();
    try {
      let garbage: string[] | null = Array.from({ length: 200_000 }, (_, i) => `garbage ${i} ${'x'.repeat(100)}`);
      const withGarbage = process.memoryUsage().heapUsed;
      garbage = null;
      idle.sample(0.5);
      for (let i = 0; i < IDLE_CHECKS_BEFORE_TRIM; i += 1) idle.sample(0);
      expect(idle.trims).toBe(1);
      expect(garbage).toBeNull();
      expect(process.memoryUsage().heapUsed).toBeLessThan(withGarbage - 10 * 2 ** 20);
    } finally {
      idle.onModuleDestroy();
    }
  });
});
