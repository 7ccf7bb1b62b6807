import { generateSecret } from '../../tools/polar-stand-in/signing';

/** A secret in each shape Polar has issued. */
export const secretShapes = {
	polarWhs: () => generateSecret('legacy-polar_whs'),
	whsec43: () => generateSecret('legacy-whsec'),
	whsecStandard: () => generateSecret('standard'),
};
