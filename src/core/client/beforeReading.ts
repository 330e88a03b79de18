import { ValidationError } from '../errors.js';
import { InstructionArgumentError } from '../instructions/errors.js';

/**
 * Runs a builder's offline rules on a request before anything is read. A refusal is a plain
 * ValidationError naming the field (its rule says what the program would answer): the program
 * checks the caller and the accounts first, so which of its errors a request with both a bad
 * argument and a bad account would get is not known before reading them. (A refusal made after
 * the reads, knowing the accounts, is an InstructionArgumentError with the program's error.)
 */
export function beforeReading<T>(check: () => T): T {
  try {
    return check();
  } catch (e) {
    if (e instanceof InstructionArgumentError) throw new ValidationError(e.field, `${e.rule} (the program answers ${e.programError.name})`);
    throw e;
  }
}
