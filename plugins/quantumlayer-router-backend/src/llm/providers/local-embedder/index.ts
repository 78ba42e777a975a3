export { LocalEmbedderProvider } from './local-embedder-provider';
