/** Renderer entry: pick the transport, then mount the console (or explain why it cannot start). */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { ClientContext } from './api/context';
import { createClient } from './api/client';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
const client = createClient();

createRoot(root).render(
  <StrictMode>
    {client ? (
      <ClientContext.Provider value={client}>
        <App />
      </ClientContext.Provider>
    ) : (
      <div className="screen empty-state" data-testid="no-token">
        <h2>Rampart</h2>
        <p>
          This page needs its access token. Open the address printed by <code>rampart serve</code>{' '}
          (it ends with <code>?token=…</code>).
        </p>
      </div>
    )}
  </StrictMode>,
);
