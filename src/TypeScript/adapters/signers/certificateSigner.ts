/**
 * Signs through N/crypto/certificate with a certificate stored under Setup > Company > Certificates:
 * the private key is never readable by any script. ECDSA signatures are requested raw (r||s), as JWS
 * needs; the output is normalised to base64url whatever NetSuite's encoder pads. One signer per
 * signature (10 units): a Signer cannot be reused after sign().
 */
import * as certificate from 'N/crypto/certificate';
import * as encode from 'N/encode';
import type { AlgorithmRule } from '../../core/algorithms';
import type { AssertionSigner } from '../../core/assertion';
import { errorName, KeyError } from '../../core/errors';

export function createCertificateSigner(certId: string, alg: AlgorithmRule): AssertionSigner {
  const hashAlg = certificate.HashAlg[alg.hash];
  return {
    description: `certificate ${certId}`,
    sign(input: string): string {
      let signer: certificate.Signer;
      try {
        signer = certificate.createSigner({ certId, algorithm: hashAlg });
      } catch (e) {
        const name = errorName(e);
        throw new KeyError(
          `certificate ${certId} cannot sign (${name}): check custscript_oauth_signing_certificate, that the certificate exists under Setup > Company > Certificates and is not revoked or expired, and that its key is ${
            alg.family === 'RSA' ? 'RSA 3072/4096 (RSASSA-PSS)' : `EC ${alg.curve}`
          }.`,
        );
      }
      signer.update({ input, inputEncoding: 'UTF-8' });
      const options: { outputEncoding: encode.Encoding; useRawFormatForECDSA?: boolean } = { outputEncoding: encode.Encoding.BASE_64 };
      if (alg.family === 'EC') options.useRawFormatForECDSA = true;
      return signer.sign(options);
    },
  };
}
