import { PassThrough } from 'node:stream';
import { chooseLogFormat, createLogger } from '../../../src/logging/logger';

describe('the log format', () => {
  it('is pretty for a person at a terminal and JSON for a program reading a pipe, unless forced', () => {
    expect(chooseLogFormat('auto', true)).toBe('pretty');
    expect(chooseLogFormat('auto', false)).toBe('json');
    expect(chooseLogFormat('json', true)).toBe('json');
    expect(chooseLogFormat('pretty', false)).toBe('pretty');
  });

  it('censors a token in pretty lines as it does in JSON lines', async () => {
    const written: string[] = [];
    const destination = new PassThrough();
    destination.on('data', (chunk: Buffer) => written.push(chunk.toString()));
    const logger = createLogger({ level: 'info', format: 'pretty', destination });
    logger.info({ token: 'eyJ-secret', customer: 'Contoso' }, 'looked up usage');

    const text = written.join('');
    expect(text).toMatch(/^\[\d\d:\d\d:\d\d\] INFO: looked up usage .*"customer":"Contoso"/);
    expect(text).toContain('[redacted]');
    expect(text).not.toContain('eyJ-secret');
  });
});
