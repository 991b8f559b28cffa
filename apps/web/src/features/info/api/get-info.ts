import { isServiceInfo, type ServiceInfo } from '@dinosaurs/dinosaur-domain';
import { ApiError, getJson } from '../../../lib/api-client';
import { useResource } from '../../../lib/use-resource';

async function getInfo(signal: AbortSignal): Promise<ServiceInfo> {
  const body = await getJson('/info', signal);
  if (!isServiceInfo(body))
    throw new ApiError('The dinosaur API answered /info with data this viewer does not understand.');
  return body;
}

export const useInfo = () => useResource(getInfo);
