import { ActivityTypes, type Activity } from 'botbuilder';
import type { FilePort } from '../commands/chat-turn';

/** An upload that does not finish in this time is given up: the user gets one sentence, not a hang. */
const UPLOAD_TIMEOUT_MS = 20_000;

/**
 * Files in a personal chat, as Teams does them: a FileConsentCard; once the user accepts, the bytes
 * PUT to the upload URL Teams gave (their OneDrive) with Content-Range; then a FileInfoCard.
 */
export function teamsFiles(send: (activity: Partial<Activity>) => Promise<unknown>): FilePort {
  return {
    async offer(file) {
      await send({
        type: ActivityTypes.Message,
        attachments: [
          {
            contentType: 'application/vnd.microsoft.teams.card.file.consent',
            name: file.name,
            content: { description: file.description, sizeInBytes: file.sizeInBytes, acceptContext: file.acceptContext, declineContext: file.acceptContext },
          },
        ],
      });
    },
    async upload(uploadUrl, bytes) {
      const url = new URL(uploadUrl);
      if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('The upload URL is not an HTTP URL');
      const response = await fetch(url, {
        method: 'PUT',
        headers: { 'Content-Length': String(bytes.length), 'Content-Range': `bytes 0-${bytes.length - 1}/${bytes.length}` },
        body: bytes,
        signal: AbortSignal.timeout(UPLOAD_TIMEOUT_MS),
      });
      // The body says nothing the user needs; it is drained so the connection can be reused.
      await response.arrayBuffer().catch(() => undefined);
      if (!response.ok) throw new Error(`The file upload was answered ${response.status}`);
    },
    async sendFileInfo(file) {
      await send({
        type: ActivityTypes.Message,
        attachments: [
          {
            contentType: 'application/vnd.microsoft.teams.card.file.info',
            contentUrl: file.contentUrl,
            name: file.name,
            content: { uniqueId: file.uniqueId, fileType: file.fileType },
          },
        ],
      });
    },
  };
}
