import { ConfigError, demoEnabled, loadConfig, withStartDefaults } from '../../config';

/** Safe by default: which settings start, which refuse, and when the demo parts (the development inbox) exist. */

const PRODUCTION = {
  NODE_ENV: 'production',
  APP_SECRET: 'p'.repeat(40),
  DATABASE_URL: 'postgres://sujarit@db.internal:5432/sujarit',
  TEMPORAL_ADDRESS: 'temporal.internal:7233',
  PUBLIC_BASE_URL: 'https://sujarit.example.go.th',
};

function refusal(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

describe('NODE_ENV unset', () => {
  test.each(['127.0.0.1', '127.0.0.2', 'localhost', '::1', '[::1]'])('starts on the loopback host %s', (HOST) => {
    expect(loadConfig({ HOST }).NODE_ENV).toBe('development');
  });

  test.each(['0.0.0.0', '::', '192.168.1.20', 'sujarit.example.go.th'])(
    'refuses HOST=%s and says, in Thai and English, what to set',
    (HOST) => {
      const err = refusal({ HOST });
      expect(err.issues).toHaveLength(1);
      expect(err.message).toContain(`HOST (${HOST})`);
      expect(err.message).toContain('ตั้ง NODE_ENV=production');
      expect(err.message).toContain('set NODE_ENV=production');
      expect(err.message).toContain('HOST=127.0.0.1');
    },
  );

  test('an explicit mode listens anywhere: development (without the demo) and production', () => {
    const development = loadConfig({ NODE_ENV: 'development', HOST: '0.0.0.0' });
    expect(demoEnabled(development)).toBe(false);
    expect(loadConfig({ ...PRODUCTION, HOST: '0.0.0.0' }).isProduction).toBe(true);
  });
});

describe('SUJARIT_DEMO', () => {
  test('is off unless asked for', () => {
    const config = loadConfig({});
    expect(config.SUJARIT_DEMO).toBe(false);
    expect(demoEnabled(config)).toBe(false);
  });

  test.each([
    ['the defaults', {}],
    ['NODE_ENV=test', { NODE_ENV: 'test' }],
    ['::1 and a localhost PUBLIC_BASE_URL', { HOST: '::1', PUBLIC_BASE_URL: 'http://localhost:3000' }],
    ['a 127.0.0.1 PUBLIC_BASE_URL', { PUBLIC_BASE_URL: 'http://127.0.0.1:3000/' }],
  ])('runs on an API only this machine reaches: %s', (_label, extra) => {
    expect(demoEnabled(loadConfig({ ...extra, SUJARIT_DEMO: '1' }))).toBe(true);
  });

  test.each([
    ['HOST=0.0.0.0 in development', { NODE_ENV: 'development', HOST: '0.0.0.0' }, 'needs a loopback HOST'],
    ['a LAN address', { HOST: '10.0.0.5' }, 'needs a loopback HOST'],
    ['an https PUBLIC_BASE_URL', { PUBLIC_BASE_URL: 'https://sujarit.example.go.th' }, 'https or non-loopback PUBLIC_BASE_URL'],
    ['https even on loopback', { PUBLIC_BASE_URL: 'https://127.0.0.1:3000' }, 'https or non-loopback PUBLIC_BASE_URL'],
    ['a public host name over http', { PUBLIC_BASE_URL: 'http://sujarit.example.go.th' }, 'https or non-loopback PUBLIC_BASE_URL'],
    ['production', PRODUCTION, 'cannot be used with NODE_ENV=production'],
  ])('is refused with %s', (_label, extra, reason) => {
    const err = refusal({ ...extra, SUJARIT_DEMO: '1' });
    expect(err.message).toContain(reason);
    expect(err.issues.every((issue) => issue.startsWith('SUJARIT_DEMO: ') || issue.startsWith('NODE_ENV: '))).toBe(true);
    // Thai first, then English, in every reason given.
    expect(err.issues.every((issue) => /[\u0E00-\u0E7F].* \/ [A-Za-z]/.test(issue))).toBe(true);
  });

  test('a Config built by hand past loadConfig still keeps the demo off where it would be exposed', () => {
    const demo = loadConfig({ SUJARIT_DEMO: '1' });
    expect(demoEnabled({ ...demo, HOST: '0.0.0.0' })).toBe(false);
    expect(demoEnabled({ ...demo, PUBLIC_BASE_URL: 'https://sujarit.example.go.th' })).toBe(false);
    expect(demoEnabled({ ...demo, NODE_ENV: 'production' })).toBe(false);
    expect(demoEnabled({ ...demo, SUJARIT_DEMO: false })).toBe(false);
  });
});

describe("npm start's defaults", () => {
  test('everything embedded on loopback in development: the demo is on', () => {
    expect(withStartDefaults({}).SUJARIT_DEMO).toBe('1');
    expect(withStartDefaults({ NODE_ENV: 'development', HOST: 'localhost' }).SUJARIT_DEMO).toBe('1');
    expect(demoEnabled(loadConfig(withStartDefaults({ PATH: '/bin' })))).toBe(true);
  });

  test.each([
    ['DATABASE_URL', { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/sujarit' }],
    ['TEMPORAL_ADDRESS', { TEMPORAL_ADDRESS: '127.0.0.1:7233' }],
    ['NODE_ENV=test', { NODE_ENV: 'test' }],
    ['production', PRODUCTION],
    ['HOST=0.0.0.0', { HOST: '0.0.0.0' }],
    ['an https PUBLIC_BASE_URL', { PUBLIC_BASE_URL: 'https://sujarit.example.go.th' }],
  ])('with %s the demo stays off', (_label, env) => {
    expect(withStartDefaults(env)).toEqual(env);
  });

  test('an explicit SUJARIT_DEMO wins, either way', () => {
    expect(withStartDefaults({ SUJARIT_DEMO: '0' }).SUJARIT_DEMO).toBe('0');
    expect(demoEnabled(loadConfig(withStartDefaults({ SUJARIT_DEMO: 'no' })))).toBe(false);
    const external = { SUJARIT_DEMO: '1', DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/sujarit' };
    expect(demoEnabled(loadConfig(withStartDefaults(external)))).toBe(true);
  });

  test('HOST=0.0.0.0 without NODE_ENV still refuses to start', () => {
    expect(() => loadConfig(withStartDefaults({ HOST: '0.0.0.0' }))).toThrow(ConfigError);
  });
});

describe('LINE channel', () => {
  const SECRET = '0123456789abcdef0123456789abcdef';

  test('a channel secret comes with the access token that answers in the chat', () => {
    expect(loadConfig({ ...PRODUCTION, LINE_CHANNEL_SECRET: SECRET, LINE_CHANNEL_ACCESS_TOKEN: 't'.repeat(40) }).LINE_CHANNEL_SECRET).toBe(SECRET);
    const alone = refusal({ ...PRODUCTION, LINE_CHANNEL_SECRET: SECRET });
    expect(alone.message).toContain('LINE_CHANNEL_ACCESS_TOKEN');
    expect(alone.message).toMatch(/[ก-๙]/);
  });

  test('a channel secret is 32 hex digits, and empty means unset', () => {
    const wrong = refusal({ ...PRODUCTION, LINE_CHANNEL_SECRET: 'not-a-secret', LINE_CHANNEL_ACCESS_TOKEN: 't'.repeat(40) });
    expect(wrong.issues[0]).toContain('LINE_CHANNEL_SECRET');
    expect(wrong.message).not.toContain('not-a-secret');
    expect(loadConfig({ ...PRODUCTION, LINE_CHANNEL_SECRET: '' }).LINE_CHANNEL_SECRET).toBeUndefined();
  });
});
