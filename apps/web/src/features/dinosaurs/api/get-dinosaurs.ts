import { type Dinosaur, isDinosaur } from '@dinosaurs/dinosaur-domain';
import { ApiError, getJson } from '../../../lib/api-client';
import { useResource } from '../../../lib/use-resource';

async function getDinosaurs(signal: AbortSignal): Promise<readonly Dinosaur[]> {
  const body = await getJson('/dinosaurs', signal);
  if (!Array.isArray(body) || !body.every(isDinosaur)) {
    throw new ApiError('The dinosaur API answered with data this viewer does not understand.');
  }
  return body;
}

export const useDinosaurs = () => useResource(getDinosaurs);
