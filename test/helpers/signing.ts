/**
 * The names test/nodes (edited in parallel on another branch) imports; the one signer is
 * tools/polar-stand-in/signing.ts. Delete this file once test/nodes imports from there.
 */
import { generateSecret } from '../../tools/polar-stand-in/signing';

export type { KeyDerivation as SecretScheme, SignedRequest } from '../../tools/polar-stand-in/signing';
export {
	keyDerivationOfSecret as schemeOf,
	webhookFor as referenceWebhook,
	sign as signReference,
	signedDelivery,
	signedRawDelivery,
} from '../../tools/polar-stand-in/signing';

/** A secret in each shape Polar has issued. */
export const secretShapes = {
	polarWhs: () => generateSecret('legacy-polar_whs'),
	whsec43: () => generateSecret('legacy-whsec'),
	whsecStandard: () => generateSecret('standard'),
};
