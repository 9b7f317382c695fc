import { sql as init } from './001_init';
import { sql as candidateAnswers } from './002_candidate_answers';

/** One schema change. `id`s start at 1 and increase by one; a released migration's `sql` never changes. */
export interface Migration {
  readonly id: number;
  readonly name: string;
  readonly sql: string;
}

/**
 * Every migration this build knows, in order. They are TypeScript modules (not .sql files) so the bundler
 * ships them inside the main bundle with nothing to locate on disk at run time.
 */
export const migrations: readonly Migration[] = [
  { id: 1, name: '001_init', sql: init },
  { id: 2, name: '002_candidate_answers', sql: candidateAnswers },
];
