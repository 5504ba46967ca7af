import { createTestContext } from '../../../test/support/test-app';
import { createLogger } from '../../observability/logger';
it('boots', async () => {
  const ctx = await createTestContext({}, { logger: createLogger('error') });
  await ctx.close();
});
