import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import './app/global.css';
import { App } from './app/App';
import { colorSchemeManager, theme } from './app/theme';
import { createBrowserClient } from './api/client';
import { StudioClientProvider } from './api/StudioContext';

const client = createBrowserClient();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <MantineProvider theme={theme} colorSchemeManager={colorSchemeManager} defaultColorScheme="light">
      <Notifications position="bottom-right" />
      <StudioClientProvider client={client}>
        <App />
      </StudioClientProvider>
    </MantineProvider>
  </StrictMode>,
);
