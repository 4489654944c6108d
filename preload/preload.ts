/**
 * Medora's preload: runs sandboxed, before the page, in an isolated world. It exposes exactly one object,
 * `window.medora` (see medora-api.ts); no logic lives here.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { EXPOSED_NAME, createMedoraApi } from './medora-api';

contextBridge.exposeInMainWorld(EXPOSED_NAME, createMedoraApi(ipcRenderer));
