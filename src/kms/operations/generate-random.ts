/**
 * @module kms/operations/generate-random
 * GenerateRandom: 1..1024 random bytes.
 */
import { ValidationException } from '../../common/errors.js';
import type { Invocation } from '../_core.js';
import { MESSAGES } from '../constants.js';
import type { GenerateRandomRequest, GenerateRandomResponse } from '../types.js';

export function generateRandom(inv: Invocation, input: GenerateRandomRequest): GenerateRandomResponse {
  /* Precondition: NumberOfBytes is given. */
  if (input.NumberOfBytes === undefined) throw new ValidationException(MESSAGES.numberOfBytesRequired);
  inv.authorizeAccount('GenerateRandom');
  return { Plaintext: inv.random(input.NumberOfBytes) };
}
