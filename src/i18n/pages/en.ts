import type { LegalPages } from './page-text';

export const enPages: LegalPages = {
  privacy: {
    title: 'CSP Usage bot: privacy statement',
    intro: [
      'The CSP Usage bot is run by the Microsoft cloud partner whose Teams you use it in (the operator). It reads Partner Center as the person who asks, with that person\'s own Partner Center rights, and shows the answer in Teams.',
      'This page says what the bot keeps, where it keeps it, for how long, and how it is deleted.',
    ],
    sections: [
      {
        heading: 'What the bot reads without keeping it',
        paragraphs: [
          'Customer names, domains and license usage come from Partner Center each time someone asks, and go into the answer in Teams. The bot does not keep them, except the usage history and alert state described below.',
        ],
      },
      {
        heading: 'What the bot stores, and for how long',
        items: [
          { term: 'Conversation settings', text: 'A chat\'s or channel\'s own choices, such as its low-usage threshold. Kept until the bot is removed from that conversation, or `forget` is typed in a personal chat.' },
          { term: 'Conversation references', text: 'The address Teams gives the bot for a chat or channel (conversation, tenant and bot ids, the Teams service address), so that alerts can be posted there. Updated by each message; deleted when the bot is removed or on `forget`.' },
          { term: 'Alert subscriptions', text: 'Which alerts a conversation gets: for which customer, below which threshold, who turned them on (Teams id and display name), their status and last check. Kept until `alerts off` or `forget`. When the bot is removed from a conversation they are stopped but kept, so that reinstalling shows what there was; the operator can delete them.' },
          { term: 'Alert state', text: 'For each conversation with alerts: which workloads were reported at which percentage, and the cards waiting to be posted, so that nothing is posted twice. Kept as long as the conversation\'s alerts; deleted on `forget`.' },
          { term: 'Usage history', text: 'Snapshots of customers\' usage per workload, to show how adoption changes over time. Each snapshot is kept 13 months, then deleted.' },
          { term: 'Recently asked customers', text: 'For each person, the last few customers they asked about (id, name, domain), which the message extension lists first. Older ones drop out; deleted on `forget`.' },
          { term: 'Pending commands', text: 'A command typed before signing in, so it can run once the sign-in completes. Used within 10 minutes or not at all; deleted when used or on `forget`.' },
          { term: 'Sign-in bookkeeping', text: 'A record that a Teams single sign-on exchange (by its id) was handled, so a sign-in sent by several Teams clients counts once; it holds no token. The sign-in itself is kept by Microsoft\'s Bot Framework token service for the operator\'s Azure Bot until you type `sign out`. Partner Center access tokens stay in the bot\'s memory only, until shortly before they expire.' },
          { term: 'Logs', text: 'Operational logs with correlation ids, Teams and customer ids and error codes, never tokens. How long they are kept is set where the operator hosts the bot.' },
        ],
      },
      {
        heading: 'Where it is stored',
        paragraphs: [
          'In one SQLite database file in the bot\'s data folder (`DATA_DIR`) on the machine that runs it, or, when the operator runs several instances, in Azure Blob Storage in the operator\'s own Azure subscription. The bot sends none of it to its developers or anyone else; it calls only Microsoft Teams, Microsoft Entra ID and Partner Center.',
        ],
      },
      {
        heading: 'How a conversation\'s data is deleted',
        items: [
          { term: 'Remove the bot', text: 'Removing the bot from a personal chat, group chat or team deletes that conversation\'s settings and reference and stops its alerts.' },
          { term: '`forget` in a personal chat', text: 'Deletes everything the bot keeps for that chat: its settings, reference, alert subscriptions and alert state, your pending command and your recently asked customers. The bot confirms in one sentence. Dutch: `vergeet`.' },
          { term: 'Channels and group chats', text: 'What is kept there belongs to everyone in the conversation, so `forget` does not delete it: remove the bot from the conversation, or ask the operator.' },
          { term: '`sign out`', text: 'Removes your sign-in from the token service; the bot asks you to sign in again next time.' },
          { term: 'Anything else', text: 'Usage history, logs, or a conversation you can no longer reach: ask the operator, who can delete it from storage.' },
        ],
      },
      {
        heading: 'Contact',
        paragraphs: ['Questions about this bot and your data go to the operator: the partner that made the bot available in your Teams.'],
      },
    ],
    otherLanguage: { label: 'Nederlands', lang: 'nl' },
  },
  terms: {
    title: 'CSP Usage bot: terms of use',
    intro: ['These terms apply to everyone who uses the CSP Usage bot in Microsoft Teams or Microsoft 365 Copilot.'],
    sections: [
      {
        heading: 'What the bot is for',
        paragraphs: [
          'The operator (the Microsoft cloud partner that runs the bot) offers it to its own staff to see how their customers use the Microsoft 365 licenses they bought, as Partner Center reports it.',
        ],
      },
      {
        heading: 'Your access',
        paragraphs: [
          'You use the bot with your own work account. It reads Partner Center with your own rights and never sees more than you may see. Do not share what it shows with anyone who may not see it: the figures in alerts are visible to everyone in the conversation that receives them.',
        ],
      },
      {
        heading: 'The figures',
        paragraphs: [
          'Figures come from Partner Center as they are: they can be a few days old, incomplete or wrong, and they are not an invoice. Check them in Partner Center before acting on them.',
        ],
      },
      {
        heading: 'Availability',
        paragraphs: [
          'The bot is provided as is, without a promise that it is always available. Features marked as preview, such as use from Microsoft 365 Copilot, can change or stop.',
        ],
      },
      {
        heading: 'Privacy and changes',
        paragraphs: [
          'The privacy statement at /privacy says what the bot stores. The operator can change these terms; this page always shows the current ones.',
        ],
      },
    ],
    otherLanguage: { label: 'Nederlands', lang: 'nl' },
  },
};
