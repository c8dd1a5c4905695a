import { RouteLoading } from '@/components/ui/route-loading';

export default RouteLoading;
