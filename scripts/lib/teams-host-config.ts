/**
 * How the previews should look: close to Teams' light theme (the values of the "Microsoft Teams -
 * Light" host config the Adaptive Cards designer uses), so a preview shows spacing, colours and
 * wrapping roughly as a user would see them. Approximate by nature: Teams' own renderer draws the
 * real thing, with Segoe UI where this machine may only have a lookalike.
 */

const FONT_SIZES = { small: 12, default: 14, medium: 14, large: 18, extraLarge: 24 };
const FONT_WEIGHTS = { lighter: 200, default: 400, bolder: 600 };

// Colours are #AARRGGBB where the alpha matters (subtle text), as host configs write them.
const TEXT_COLOURS = {
  default: { default: '#FF252424', subtle: '#BF252424' },
  dark: { default: '#FF252424', subtle: '#BF252424' },
  light: { default: '#FFFFFFFF', subtle: '#FFF3F2F1' },
  accent: { default: '#FF6264A7', subtle: '#FF8B8CC7' },
  good: { default: '#FF92C353', subtle: '#E592C353' },
  warning: { default: '#FFF8D22A', subtle: '#E5F8D22A' },
  attention: { default: '#FFC4314B', subtle: '#E5C4314B' },
};

const CONTAINER_BACKGROUNDS = {
  default: '#FFFFFFFF',
  emphasis: '#FFF9F8F7',
  accent: '#FFC7DEF9',
  good: '#FFCCFFCC',
  attention: '#FFFFC5B2',
  warning: '#FFFFE2B2',
};

export const TEAMS_LIGHT_HOST_CONFIG = {
  supportsInteractivity: true,
  spacing: { small: 8, default: 12, medium: 16, large: 20, extraLarge: 24, padding: 16 },
  separator: { lineThickness: 1, lineColor: '#EEEEEE' },
  imageSizes: { small: 32, medium: 52, large: 100 },
  fontTypes: {
    default: { fontFamily: "'Segoe UI', 'Segoe UI Web (West European)', system-ui, -apple-system, Roboto, 'Helvetica Neue', sans-serif", fontSizes: FONT_SIZES, fontWeights: FONT_WEIGHTS },
    monospace: { fontFamily: "Consolas, 'Courier New', monospace", fontSizes: FONT_SIZES, fontWeights: FONT_WEIGHTS },
  },
  containerStyles: Object.fromEntries(
    Object.entries(CONTAINER_BACKGROUNDS).map(([style, backgroundColor]) => [style, { backgroundColor, foregroundColors: TEXT_COLOURS }]),
  ),
  actions: {
    maxActions: 6,
    spacing: 'default',
    buttonSpacing: 8,
    showCard: { actionMode: 'inline', inlineTopMargin: 16, style: 'emphasis' },
    actionsOrientation: 'horizontal',
    actionAlignment: 'left',
  },
  adaptiveCard: { allowCustomStyle: false },
  factSet: {
    title: { size: 'default', color: 'default', isSubtle: false, weight: 'bolder', wrap: true, maxWidth: 150 },
    value: { size: 'default', color: 'default', isSubtle: false, weight: 'default', wrap: true },
    spacing: 16,
  },
};

/** Card widths in a Teams chat on a desktop: a normal card, and one with `msteams.width: "Full"`. */
export const CARD_WIDTH_PX = { normal: 520, full: 760 };

/**
 * The chat around the card, and buttons and input boxes shaped like Teams' (the library leaves their
 * styling to the host's CSS). Class names are the ones the adaptivecards renderer puts on its elements.
 */
export const TEAMS_PAGE_CSS = `
  body { margin: 0; background: #F5F5F5; }
  #chat { display: inline-block; padding: 16px; }
  #card { background: #FFFFFF; border: 1px solid #E0E0E0; border-radius: 4px; overflow: hidden; }
  .ac-pushButton {
    font: 600 14px ${TEAMS_LIGHT_HOST_CONFIG.fontTypes.default.fontFamily};
    color: #252424; background: #FFFFFF; border: 1px solid #E1DFDD; border-radius: 4px;
    padding: 4px 12px; min-height: 32px; cursor: pointer;
  }
  .ac-pushButton > div { justify-content: center; }
  .ac-input {
    font: 14px ${TEAMS_LIGHT_HOST_CONFIG.fontTypes.default.fontFamily};
    color: #252424; background: #FFFFFF; border: 1px solid #E1DFDD; border-radius: 4px;
    padding: 6px 10px; box-sizing: border-box;
  }
`;
