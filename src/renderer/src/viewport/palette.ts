/** Viewport colours per colour scheme; the mannequin is a warm wood tone so it reads against the cool stage. */
export interface ViewportPalette {
  background: string;
  body: string;
  joint: string;
  selected: string;
  selectedPart: string;
  hovered: string;
  ghost: string;
  gridCell: string;
  gridSection: string;
  shadow: string;
}

export const PALETTES: Record<'light' | 'dark', ViewportPalette> = {
  light: {
    background: '#e8ecf1',
    body: '#d7ae84',
    joint: '#9a6a44',
    selected: '#f76707',
    selectedPart: '#f0a35e',
    hovered: '#e8c29c',
    ghost: '#7d93f5',
    gridCell: '#cfd5de',
    gridSection: '#a3aebd',
    shadow: '#1d2838',
  },
  dark: {
    background: '#1c1f25',
    body: '#cfa47a',
    joint: '#8c5f3c',
    selected: '#ff8a2a',
    selectedPart: '#e69a55',
    hovered: '#dcb58e',
    ghost: '#748ffc',
    gridCell: '#2b3039',
    gridSection: '#465063',
    shadow: '#000000',
  },
};
