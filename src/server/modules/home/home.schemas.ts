import Type from 'typebox';
import { WORK_KINDS } from '../../shared/work.js';

export const WorkReply = Type.Array(Type.Object({ kind: Type.Enum([...WORK_KINDS]), count: Type.Integer({ minimum: 0 }) }));
