import type { FastifyInstance, FastifyRequest } from 'fastify';
import { bangkokDate } from '../domain/fiscal';
import { findActivePerson } from '../db/queries/people';
import { listPersonRoles } from '../db/queries/roles';
import type { Actor } from '../services/authz';
import { AppError } from '../services/errors';
import { readSession, requireAppSecret } from './security';


/** The signed-in person with today's roles; 401 without a valid session. */
export async function requireActor(app: FastifyInstance, request: FastifyRequest): Promise<Actor> {
  const session = readSession(request, requireAppSecret(app.deps.config));
  if (!session) {
    throw new AppError('UNAUTHENTICATED', 'กรุณาเข้าสู่ระบบก่อน', 'sign in first');
  }
  const person = await findActivePerson(app.deps.pool, session.personId);
  if (!person) throw new AppError('UNAUTHENTICATED', 'บัญชีนี้ไม่สามารถใช้งานได้', 'this account is not active');
  const roles = await listPersonRoles(app.deps.pool, person.id, bangkokDate(Date.now()));
  return { personId: person.id, organizationId: person.organizationId, fullName: person.fullName, roles };
}
