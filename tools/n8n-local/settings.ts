/**
 * What one n8n data folder needs to stay usable across restarts: its encryption key (credentials decrypt
 * only with the key they were saved under), the owner's login and the API key. Kept in
 * `<userFolder>/n8n-local.json`, readable only by the user, generated on first use.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';

export const DEFAULT_OWNER_EMAIL = 'owner@example.com';

export interface LocalSettings {
	encryptionKey: string;
	ownerEmail: string;
	ownerPassword: string;
	/** The public API key made for this folder, reused while n8n accepts it. */
	apiKey?: string;
}

export function settingsFile(userFolder: string): string {
	return path.join(userFolder, 'n8n-local.json');
}

/** Reads the folder's settings, creating them (and the folder) on first use. `created` says which. */
export function loadSettings(
	userFolder: string,
	defaults: Partial<Pick<LocalSettings, 'encryptionKey' | 'ownerEmail' | 'ownerPassword'>> = {},
): { settings: LocalSettings; created: boolean } {
	const file = settingsFile(userFolder);
	if (existsSync(file)) {
		return { settings: JSON.parse(readFileSync(file, 'utf8')) as LocalSettings, created: false };
	}
	const settings: LocalSettings = {
		encryptionKey:
			existingN8nKey(userFolder) ?? defaults.encryptionKey ?? randomBytes(24).toString('base64url'),
		ownerEmail: defaults.ownerEmail ?? DEFAULT_OWNER_EMAIL,
		// n8n's password rules: 8+ characters with a digit and an upper-case letter.
		ownerPassword: defaults.ownerPassword ?? `Polar-${randomBytes(12).toString('base64url')}-7Q`,
	};
	saveSettings(userFolder, settings);
	return { settings, created: true };
}

/** The key of an n8n that already used this folder (`.n8n/config`): another key would not start. */
function existingN8nKey(userFolder: string): string | undefined {
	const config = path.join(userFolder, '.n8n', 'config');
	if (!existsSync(config)) return undefined;
	try {
		const { encryptionKey } = JSON.parse(readFileSync(config, 'utf8')) as {
			encryptionKey?: unknown;
		};
		return typeof encryptionKey === 'string' && encryptionKey ? encryptionKey : undefined;
	} catch {
		return undefined;
	}
}

export function saveSettings(userFolder: string, settings: LocalSettings): void {
	mkdirSync(userFolder, { recursive: true });
	writeFileSync(settingsFile(userFolder), `${JSON.stringify(settings, null, 2)}\n`, {
		mode: 0o600,
	});
}

/** A bcrypt hash of the owner's password, made with the bcryptjs that n8n itself ships. */
export function bcryptHash(n8nDir: string, password: string): string {
	const requireFromN8n = createRequire(path.join(n8nDir, 'package.json'));
	const bcrypt = requireFromN8n('bcryptjs') as { hashSync(value: string, rounds: number): string };
	return bcrypt.hashSync(password, 10);
}
