/**
 * The command a user asked for while they still had to sign in, so it can run by itself once they have:
 * nobody should have to type `usage for Contoso` twice.
 */
export interface PendingCommands {
  remember(userKey: string, text: string): Promise<void>;
  /** The remembered command, forgotten as it is taken; undefined when there is none or it is stale. */
  take(userKey: string): Promise<string | undefined>;
}
