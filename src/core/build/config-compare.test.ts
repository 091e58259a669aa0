import { describe, expect, it } from 'vitest';
import type { DockerfileChange } from '../../shared/rebuild';
import { compareConfigs } from './config-compare';

const change = (title: string, configFields: string[]): DockerfileChange => ({
  id: title,
  kind: 'user',
  title,
  reason: 'r',
  leanLines: [],
  configFields,
});

describe('compareConfigs', () => {
  it('lists every differing field, per variable and label, and names the change that explains it', () => {
    const original = {
      Cmd: ['npm', 'start'],
      User: '',
      Env: ['PATH=/usr/bin', 'NODE_ENV=production', 'TOKEN=x'],
      ExposedPorts: { '3000/tcp': {} },
      Labels: { a: '1' },
      WorkingDir: '/app',
    };
    const lean = {
      Cmd: ['node', 'server.js'],
      User: 'node',
      Env: ['PATH=/usr/bin', 'NODE_ENV=production'],
      ExposedPorts: { '3000/tcp': {} },
      Labels: { a: '1', b: '2' },
      WorkingDir: '/app',
    };
    const differences = compareConfigs(original, lean, [change('Runs as node', ['User']), change('Start without npm', ['Cmd'])]);
    expect(differences).toEqual([
      { field: 'Cmd', original: '["npm","start"]', lean: '["node","server.js"]', explainedBy: 'Start without npm' },
      { field: 'User', original: '(none)', lean: 'node', explainedBy: 'Runs as node' },
      { field: 'Env TOKEN', original: 'x', lean: '(unset)' },
      { field: 'Label b', original: '(unset)', lean: '2' },
    ]);
    expect(compareConfigs(original, original, [])).toEqual([]);
  });
});
