import type { OfficerService } from './officer-service.ts';
import type { StationService } from './station-service.ts';

export interface AdminServices {
  officers: OfficerService;
  stations: StationService;
}
export { OfficerService } from './officer-service.ts';
export { StationService } from './station-service.ts';
