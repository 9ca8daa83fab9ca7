import { z } from 'zod';

/**
 * The least an activity must carry for the bot to answer it. botbuilder accepts far less and then fails
 * deep inside a turn (a 500); checking here turns a malformed request into a clear 400.
 */
const inboundActivitySchema = z.looseObject({
  type: z.string().min(1),
  serviceUrl: z.url({ protocol: /^https?$/ }),
  conversation: z.looseObject({ id: z.string().min(1) }),
  from: z.looseObject({ id: z.string().min(1) }),
  recipient: z.looseObject({ id: z.string().min(1) }).optional(),
  text: z.string().max(16_000).optional(),
  locale: z.string().max(35).optional(),
});

/** A one-line reason for the client, naming the first field that is wrong, never echoing its value. */
export function describeInvalidActivity(body: unknown): string | null {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'The body must be a JSON activity object.';
  const result = inboundActivitySchema.safeParse(body);
  if (result.success) return null;
  const issue = result.error.issues[0];
  return `Invalid activity: ${issue?.path.join('.') || 'body'} ${issue?.message ?? 'is invalid'}.`;
}
