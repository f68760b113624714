import type { FastifyInstance, FastifyRequest } from 'fastify';
import { bangkokDate } from '../domain/fiscal';
import { findActivePerson } from '../db/queries/people';
import { listPersonRoles } from '../db/queries/roles';
import type { Actor } from '../services/authz';
import { AppError } from '../services/errors';
import type { Session } from './security';
import { currentSession } from './sessions';

/** The signed-in person with today's roles, and the session; 401 without a live session. */
export async function requireActorSession(app: FastifyInstance, request: FastifyRequest): Promise<{ actor: Actor; session: Session }> {
  const session = await currentSession(app, request);
  if (!session) {
    throw new AppError('UNAUTHENTICATED', 'กรุณาเข้าสู่ระบบก่อน', 'sign in first');
  }
  const person = await findActivePerson(app.deps.pool, session.personId);
  if (!person) throw new AppError('UNAUTHENTICATED', 'บัญชีนี้ไม่สามารถใช้งานได้', 'this account is not active');
  // A platform administrator or an oversight officer belongs to no organisation, so has nothing to see in any
  // organisation's pages: the officer's view of the organisations that share with them is /oversight.
  if (person.organizationId === null) {
    throw new AppError(
      'FORBIDDEN',
      'บัญชีผู้ดูแลแพลตฟอร์มหรือเจ้าหน้าที่สำนักงานส่งเสริมการปกครองท้องถิ่นไม่มีสิทธิ์เข้าถึงข้อมูลภายในขององค์กร',
      'A platform administrator’s or an oversight officer’s account has no access to an organisation’s internal data.',
    );
  }
  const roles = await listPersonRoles(app.deps.pool, person.id, bangkokDate(Date.now()));
  return { actor: { personId: person.id, organizationId: person.organizationId, fullName: person.fullName, roles }, session };
}

/** The signed-in person with today's roles; 401 without a live session. */
export async function requireActor(app: FastifyInstance, request: FastifyRequest): Promise<Actor> {
  return (await requireActorSession(app, request)).actor;
}
