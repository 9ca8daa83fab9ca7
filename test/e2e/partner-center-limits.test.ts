import { ErrorCodes } from '../../src/core/errors';
import { en } from '../../src/i18n/en';
import { personalMessage } from '../helpers/activities';
import { serveEndlessBody } from '../helpers/endless-body-server';
import { startTestBot } from '../helpers/test-bot';

describe('a Partner Center answer larger than any page it documents', () => {
  it('is not read to its end: the user gets the "could not read" sentence and the bot hangs up', async () => {
    const partnerCenter = await serveEndlessBody();
    const bot = await startTestBot({ PARTNER_CENTER_BASE_URL: partnerCenter.baseUrl, PARTNER_CENTER_MAX_RESPONSE_MB: '1' });
    try {
      const message = personalMessage('usage for Contoso', { serviceUrl: bot.connector.url });
      expect((await bot.send(message)).status).toBe(200);
      const [reply] = bot.connector.to(message.conversation.id).filter((a) => a.type === 'message');
      const correlationId = bot.logs.find((line) => typeof line.correlationId === 'string')?.correlationId as string;
      expect(reply?.text).toBe(en.error(ErrorCodes.PartnerCenterUnexpectedResponse, correlationId));

      await partnerCenter.clientGone;
      expect(partnerCenter.sent()).toBeLessThan(17 * 1024 * 1024);
      expect(bot.logs.some((line) => line.msg === 'Partner Center answer too large; stopped reading')).toBe(true);
    } finally {
      await bot.close();
      await partnerCenter.close();
    }
  });
});
